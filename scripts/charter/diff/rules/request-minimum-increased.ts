import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-minimum-increased', keyword: 'minimum', direction: 'request', change: 'tighter', level: 'breaking' });
