import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-max-contains-decreased', keyword: 'maxContains', direction: 'request', change: 'tighter', level: 'breaking' });
