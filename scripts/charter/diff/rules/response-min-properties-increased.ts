import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-min-properties-increased', keyword: 'minProperties', direction: 'response', change: 'tighter', level: 'info' });
