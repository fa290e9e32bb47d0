import { boundRule } from './kit.ts';

export default boundRule({ id: 'request-max-properties-increased', keyword: 'maxProperties', direction: 'request', change: 'looser', level: 'info' });
