export * from './configuration-apply';
export * from './rolling-reboot';
