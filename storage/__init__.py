"""SQLModel storage: tables, migrations, repositories implementing the core ports, import/export."""
