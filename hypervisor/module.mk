# hypervisor: filled by its component
