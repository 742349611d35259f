export * from './configuration-apply';
export * from './rolling-reboot';
export * from './reboot-timeout';
