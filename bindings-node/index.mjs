// ESM entry: `import { lyra, call, CpayError } from 'cpay'` (or `import cpay from 'cpay'`).
// The same objects as the CommonJS entry (index.js); test/esm.test.mjs fails when a name is missing here.
import cpay from './index.js';

export default cpay;
export const {
  call,
  operations,
  version,
  errorCodes,
  lyra,
  computop,
  payline,
  ogone,
  sips,
  plan,
  CpayError,
  VerificationError,
  MalformedError,
  TooLargeError,
  MissingFieldError,
  InvalidFormatError,
  InvalidValueError,
  NotAllowedError,
  InconsistentError,
  UnsupportedAlgorithmError,
  InvalidKeyError,
  SignatureMissingError,
  SignatureMismatchError,
  WrongShopError,
  WrongModeError,
  WrongOrderError,
  GatewayError,
  UnexpectedResponseError,
  RefundNotAllowedError,
  NotEligibleError,
  PanicError,
} = cpay;
