"""The office's pages: plain function views that authorise, load, call a service and render."""
