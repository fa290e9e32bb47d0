import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-min-properties-decreased', keyword: 'minProperties', direction: 'request', change: 'looser', level: 'info' });
