import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-max-items-increased', keyword: 'maxItems', direction: 'request', change: 'looser', level: 'info' });
