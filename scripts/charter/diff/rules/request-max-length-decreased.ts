import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-max-length-decreased', keyword: 'maxLength', direction: 'request', change: 'tighter', level: 'breaking' });
