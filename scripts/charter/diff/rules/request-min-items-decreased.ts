import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-min-items-decreased', keyword: 'minItems', direction: 'request', change: 'looser', level: 'info' });
