import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-min-contains-increased', keyword: 'minContains', direction: 'request', change: 'tighter', level: 'breaking' });
