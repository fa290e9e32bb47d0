import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-max-items-decreased', keyword: 'maxItems', direction: 'response', change: 'tighter', level: 'info' });
