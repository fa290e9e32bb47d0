import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-min-contains-decreased', keyword: 'minContains', direction: 'response', change: 'looser', level: 'breaking' });
