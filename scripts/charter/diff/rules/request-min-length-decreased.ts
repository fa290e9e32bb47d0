import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-min-length-decreased', keyword: 'minLength', direction: 'request', change: 'looser', level: 'info' });
