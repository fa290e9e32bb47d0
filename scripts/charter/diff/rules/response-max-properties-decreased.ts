import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-max-properties-decreased', keyword: 'maxProperties', direction: 'response', change: 'tighter', level: 'info' });
