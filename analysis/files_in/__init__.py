"""Files in: reading and validating what users and SCB hand us, pseudonymising it, and keeping accepted
versions in the local store. Everything that touches a file or the network lives here."""
