// The named periods are part of the contract: the server, the widget and apps compute the same windows.
export { parisTime, periodLength, periodWindow, quarterHour } from '@detour/sdk';
