// The sweep that reminds organisations of 三会一课 meetings due before their period ends (being built).
import type { Sweep } from '../../core/manifest';

export const reminderSweep: Sweep = { name: 'party.reminders', run: async () => ({}) };
