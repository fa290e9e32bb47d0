import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-min-items-increased', keyword: 'minItems', direction: 'response', change: 'tighter', level: 'info' });
