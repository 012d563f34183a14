"""Help, greetings, and the answers for people or text the bot does not know."""
