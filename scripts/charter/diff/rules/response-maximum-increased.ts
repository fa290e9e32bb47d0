import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-maximum-increased', keyword: 'maximum', direction: 'response', change: 'looser', level: 'breaking' });
