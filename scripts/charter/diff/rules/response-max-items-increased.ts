import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-max-items-increased', keyword: 'maxItems', direction: 'response', change: 'looser', level: 'breaking' });
