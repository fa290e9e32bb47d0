import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-minimum-increased', keyword: 'minimum', direction: 'response', change: 'tighter', level: 'info' });
