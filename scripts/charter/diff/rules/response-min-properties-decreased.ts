import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-min-properties-decreased', keyword: 'minProperties', direction: 'response', change: 'looser', level: 'breaking' });
