import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-max-contains-increased', keyword: 'maxContains', direction: 'response', change: 'looser', level: 'breaking' });
