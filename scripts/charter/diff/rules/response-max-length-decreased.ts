import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-max-length-decreased', keyword: 'maxLength', direction: 'response', change: 'tighter', level: 'info' });
