import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-min-length-increased', keyword: 'minLength', direction: 'response', change: 'tighter', level: 'info' });
