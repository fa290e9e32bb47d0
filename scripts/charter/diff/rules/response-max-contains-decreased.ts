import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-max-contains-decreased', keyword: 'maxContains', direction: 'response', change: 'tighter', level: 'info' });
