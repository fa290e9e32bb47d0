import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-min-items-decreased', keyword: 'minItems', direction: 'response', change: 'looser', level: 'breaking' });
