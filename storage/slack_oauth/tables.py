"""slack_sdk's own table definitions for its SQLAlchemy installation and OAuth state stores,
registered on the schema's metadata: migration 0013 creates them, and the schema comparison
test then notices when a slack_sdk upgrade changes them (a new migration is due)."""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlmodel import SQLModel

INSTALLATIONS = SQLAlchemyInstallationStore.default_installations_table_name
BOTS = SQLAlchemyInstallationStore.default_bots_table_name
STATES = SQLAlchemyOAuthStateStore.default_table_name

installations = SQLAlchemyInstallationStore.build_installations_table(SQLModel.metadata,
                                                                      INSTALLATIONS)
bots = SQLAlchemyInstallationStore.build_bots_table(SQLModel.metadata, BOTS)
oauth_states = SQLAlchemyOAuthStateStore.build_oauth_states_table(SQLModel.metadata, STATES)
