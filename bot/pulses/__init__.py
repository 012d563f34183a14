"""Anonymous pulse polls: scheduling, answering, reminders and thresholded results."""
