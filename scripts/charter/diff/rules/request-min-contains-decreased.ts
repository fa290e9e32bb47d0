import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-min-contains-decreased', keyword: 'minContains', direction: 'request', change: 'looser', level: 'info' });
