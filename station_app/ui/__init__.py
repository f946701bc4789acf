"""The Qt Widgets shell over the services. Nothing here touches SQL or the store directly."""
