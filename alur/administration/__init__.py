"""The office administrator's settings pages (/pengaturan/) and the installation's first run."""
