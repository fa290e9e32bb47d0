import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-max-properties-decreased', keyword: 'maxProperties', direction: 'request', change: 'tighter', level: 'breaking' });
