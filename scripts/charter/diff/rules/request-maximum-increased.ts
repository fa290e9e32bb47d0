import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-maximum-increased', keyword: 'maximum', direction: 'request', change: 'looser', level: 'info' });
