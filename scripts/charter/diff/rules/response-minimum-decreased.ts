import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-minimum-decreased', keyword: 'minimum', direction: 'response', change: 'looser', level: 'breaking' });
