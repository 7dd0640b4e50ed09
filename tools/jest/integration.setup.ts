// Integration tests talk to a real broker and store on a shared, 2-core machine: give them room.
jest.setTimeout(120_000);
