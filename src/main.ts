import './app/app-shell/app-shell.ts';
