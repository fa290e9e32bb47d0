import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-min-length-increased', keyword: 'minLength', direction: 'request', change: 'tighter', level: 'breaking' });
