import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-max-items-decreased', keyword: 'maxItems', direction: 'request', change: 'tighter', level: 'breaking' });
