import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-max-contains-increased', keyword: 'maxContains', direction: 'request', change: 'looser', level: 'info' });
