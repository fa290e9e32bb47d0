import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-min-items-increased', keyword: 'minItems', direction: 'request', change: 'tighter', level: 'breaking' });
