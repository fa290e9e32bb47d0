import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-maximum-decreased', keyword: 'maximum', direction: 'response', change: 'tighter', level: 'info' });
