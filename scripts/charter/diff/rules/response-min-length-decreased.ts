import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-min-length-decreased', keyword: 'minLength', direction: 'response', change: 'looser', level: 'breaking' });
