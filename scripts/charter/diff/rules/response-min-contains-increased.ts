import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-min-contains-increased', keyword: 'minContains', direction: 'response', change: 'tighter', level: 'info' });
