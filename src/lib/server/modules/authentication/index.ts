export { hashPassword, verifyPassword } from './authentication.passwords';
export { checkNewPassword } from './authentication.password-policy';
