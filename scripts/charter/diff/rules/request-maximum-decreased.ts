import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-maximum-decreased', keyword: 'maximum', direction: 'request', change: 'tighter', level: 'breaking' });
