import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-min-properties-increased', keyword: 'minProperties', direction: 'request', change: 'tighter', level: 'breaking' });
