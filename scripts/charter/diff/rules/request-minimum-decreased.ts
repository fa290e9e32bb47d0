import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-minimum-decreased', keyword: 'minimum', direction: 'request', change: 'looser', level: 'info' });
