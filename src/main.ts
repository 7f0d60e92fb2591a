import './shell/app-shell.ts';
