"""Files in: reading and validating what users and SCB hand us, and pseudonymising it. Everything that
reads a file or the network lives here; accepted versions are kept by `analysis.keeping`."""
